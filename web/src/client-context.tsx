import type { Docjobs } from '@docjobs/client';
import { createContext, type ReactNode, useContext } from 'react';

export interface Session {
  client: Docjobs;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The signed-in session; every page below the sign-in has one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const useClient = (): Docjobs => useSession().client;
