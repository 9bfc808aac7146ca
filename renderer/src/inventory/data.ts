// The small lists the inventory forms choose from (carriers, service groups, stages), loaded live.
import { api } from '../api/index.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { DEFAULT_STAGES } from './specs.ts';
import type { Carrier, ServiceGroup } from './types.ts';

/** Every carrier that is not retired, by name (a book has hundreds, not hundreds of thousands). */
export const useCarriers = () => useLoad<Carrier[]>(() => api.call('carriers.list', { limit: 100_000 }), []);

export const useGroups = () => useLoad<ServiceGroup[]>(() => api.call('groups.list', {}), []);

export const useStages = () =>
  useLoad<string[]>(async () => {
    const names = await api.call('customers.stages', {});
    return names.length ? names : DEFAULT_STAGES;
  }, []);
