import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.ts';
import type { Role, Session, User } from '../api/types.ts';

type AuthValue = {
  user: User | null;
  /** True until the first /auth/me answer. */
  checking: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
};

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    let alive = true;
    // Anonymous visitors get 200 { user: null }: a public page logs no error for them.
    api.get<Session | { user: null }>('/auth/me').then(
      (s) => {
        if (!alive) return;
        if (s.user) {
          setCsrfToken(s.csrfToken);
          setUser(s.user);
        } else {
          setCsrfToken(null);
          setUser(null);
        }
        setChecking(false);
      },
      () => {
        if (!alive) return;
        setUser(null);
        setChecking(false);
      },
    );
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setUser(null);
    });
    return () => {
      alive = false;
      setUnauthorizedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.post<Session>('/auth/login', { username, password });
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setCsrfToken(null);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, checking, login, logout }), [user, checking, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Where each role starts after login. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'admin':
      return '/app/admin/users';
    case 'coordinator':
      return '/app/plans';
    case 'leader':
      return '/app/dashboard';
    case 'reporter':
      return '/app/my';
  }
}
