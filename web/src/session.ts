// The signed-in user, shared with every page through a context.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Permission, Session } from './types';

export interface SessionContextValue {
  session: Session;
  can: (permission: Permission) => boolean;
  signOut: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in shell');
  return value;
}

export function makeCan(session: Session): (permission: Permission) => boolean {
  const granted = new Set(session.user.permissions);
  return (permission) => granted.has(permission);
}
