// Handlers of the sign-in and administration methods (issue 6).
import type { MethodName } from '../contract/index.ts';
import type { Handler } from './index.ts';
import { authStatus, setup, signIn, signOut, authMe, changePassword } from '../auth/handlers.ts';
import { listUsers, getUser, createUser, updateUser, setModules, resetPassword, listGroups, saveGroup, retireGroup } from '../admin/users.ts';
import {
  getCompany,
  saveCompany,
  listWidgetGroups,
  saveWidgetGroup,
  retireWidgetGroup,
  myWidgets,
  lookupLists,
  listLookups,
  saveLookup,
  currentNews,
  listNews,
  saveNews,
  retireNews,
} from '../admin/profile.ts';
import { customerChoices, adminSettings, saveAdminSettings } from '../admin/choices.ts';
import { listDefs, saveDef, getValues, listValues, setValues, accountValues } from '../admin/udf.ts';

type AdminMethod = Extract<MethodName, `${'auth' | 'admin' | 'company' | 'users' | 'securityGroups' | 'widgetGroups' | 'widgets' | 'lookups' | 'udf' | 'news'}.${string}`>;

export const adminHandlers: { [M in AdminMethod]: Handler<M> } = {
  'auth.status': authStatus,
  'auth.setup': setup,
  'auth.signIn': signIn,
  'auth.signOut': signOut,
  'auth.me': authMe,
  'auth.changePassword': changePassword,
  'company.get': getCompany,
  'company.save': saveCompany,
  'users.list': listUsers,
  'users.get': getUser,
  'users.create': createUser,
  'users.update': updateUser,
  'users.setModules': setModules,
  'users.resetPassword': resetPassword,
  'securityGroups.list': listGroups,
  'securityGroups.save': saveGroup,
  'securityGroups.retire': retireGroup,
  'widgetGroups.list': listWidgetGroups,
  'widgetGroups.save': saveWidgetGroup,
  'widgetGroups.retire': retireWidgetGroup,
  'widgets.mine': myWidgets,
  'lookups.lists': lookupLists,
  'lookups.list': listLookups,
  'lookups.save': saveLookup,
  'udf.defs': listDefs,
  'udf.saveDef': saveDef,
  'udf.get': getValues,
  'udf.list': listValues,
  'udf.accounts': accountValues,
  'udf.set': setValues,
  'news.current': currentNews,
  'news.list': listNews,
  'news.save': saveNews,
  'news.retire': retireNews,
  'admin.customerChoices': customerChoices,
  'admin.settings': adminSettings,
  'admin.saveSettings': saveAdminSettings,
};
