// The desktop window's folder dialog (preload's window.tem.pickFolder), when there is one. Main shows the dialog
// and answers with a token for the chosen folder: the page passes the token as a method's folder and never names
// a path itself (main/folders.ts). In a browser there is no such dialog; callers fall back to a download.
export interface PickedFolder {
  token: string;
  path: string;
}

type WithPicker = { tem?: { pickFolder?: (title?: string) => Promise<PickedFolder | null> } };

/** The folder picker of the desktop window, or null in a browser. */
export function folderPicker(): ((title: string) => Promise<PickedFolder | null>) | null {
  const tem = (window as unknown as WithPicker).tem;
  const pick = tem?.pickFolder;
  return typeof pick === 'function' ? (title) => pick.call(tem, title) : null;
}
