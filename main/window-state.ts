// The window opens where the user left it: size, position and maximized state in window-state.json in the
// application data folder. A position on a display that is gone (a laptop off its dock) is dropped.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WindowBounds } from './security.ts';

export interface WindowState extends WindowBounds {
  maximized?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: WindowState = { width: 1280, height: 800 };
const MIN = { width: 800, height: 500 };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** How much of `a` lies on `b`. */
const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** The saved state, made safe: sane sizes, and a position only if enough of the title bar is on some display. */
export function loadWindowState(file: string, workAreas: Rect[]): WindowState {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_STATE };
  }
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_STATE };
  const largest = workAreas.reduce((m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }), { width: 0, height: 0 });
  const clamp = (v: unknown, min: number, max: number, dflt: number) => {
    if (!isInt(v)) return dflt;
    const atLeast = Math.max(v, min);
    return Math.round(max > 0 ? Math.min(atLeast, Math.max(max, min)) : atLeast);
  };
  const state: WindowState = {
    width: clamp(raw.width, MIN.width, largest.width, DEFAULT_STATE.width),
    height: clamp(raw.height, MIN.height, largest.height, DEFAULT_STATE.height),
    maximized: raw.maximized === true,
  };
  if (isInt(raw.x) && isInt(raw.y)) {
    const titleBar = { x: Math.round(raw.x), y: Math.round(raw.y), width: state.width, height: 40 };
    if (workAreas.some((a) => overlap(titleBar, a) >= Math.min(200, state.width) * 20)) {
      state.x = titleBar.x;
      state.y = titleBar.y;
    }
  }
  return state;
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

/** The parts of a BrowserWindow that are remembered. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/** Saves the window's state shortly after it moves or resizes, and when it closes. */
export function trackWindowState(win: TrackedWindow, file: string, delayMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    try {
      saveWindowState(file, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // Not worth failing for: the window opens at the default size next time.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}
