import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { UsersRepository } from '../users/users.repository';
import { AuditService } from '../audit/audit.service';

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0xVdUwI7u1VwBLKuvKTJ5LtP2bzodrqR9PfHtqz0Z0A';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

@Injectable()
export class AuthService {
  constructor(private readonly users: UsersRepository, private readonly jwt: JwtService, private readonly audit: AuditService) {}

  async login(username: string, password: string) {
    const user = await this.users.findForLogin(username);
    const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || user.disabled) {
      await this.audit.record(null, { actor: username, action: 'login_failed', entity: 'app_user', entityId: user?.id ?? null });
      throw new UnauthorizedException({ statusCode: 401, message: 'Gebruikersnaam of wachtwoord klopt niet.' });
    }
    await this.audit.record(null, { actor: username, action: 'login', entity: 'app_user', entityId: user.id });
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role, gemeente: user.gemeente });
    return { accessToken, role: user.role, ...(user.gemeente ? { gemeente: user.gemeente } : {}) };
  }
}
