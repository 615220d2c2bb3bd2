import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, fieldError, type Role } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { passwordProblem } from '../auth/password-policy';
import type { AuthUser } from '../common/auth-user';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import type { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
  ) {}

  list(limit: number, offset: number) {
    return this.users.list(limit, offset);
  }

  async create(actor: AuthUser, dto: CreateUserDto) {
    const gemeente = await this.checkRoleGemeente(dto.role, dto.gemeente ?? null);
    const weak = passwordProblem(dto.password, dto.username);
    if (weak) throw fieldError(weak, 'password');
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (m) => {
      if (await this.users.usernameTaken(m, dto.username)) throw fieldError('user.exists', 'username');
      const user = await this.users.insert(m, {
        username: dto.username,
        passwordHash,
        role: dto.role,
        gemeente,
        email: dto.email ?? null,
      });
      await this.audit.record(m, {
        actor: actor.username,
        action: 'create',
        entity: 'app_user',
        entityId: user.id,
        after: user,
      });
      return user;
    });
  }

  /**
   * Edits an account. When it loses or changes rights (disabled, another role or gemeente, a new
   * password) every session of it ends in the same transaction: its access tokens are refused
   * from the next request on and its refresh tokens are gone.
   */
  async update(actor: AuthUser, id: string, dto: UpdateUserDto) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('user.not_found');
    return this.ds.transaction(async (m) => {
      const before = await this.users.findById(m, id);
      if (!before) throw new DomainError('user.not_found');
      const weak = dto.password ? passwordProblem(dto.password, before.username) : null;
      if (weak) throw fieldError(weak, 'password');
      const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
      const role = dto.role ?? (before.role as Role);
      const gemeente =
        dto.role || dto.gemeente !== undefined
          ? await this.checkRoleGemeente(role, dto.gemeente ?? (role === 'gemeente' ? before.gemeente : null))
          : undefined;
      const after = await this.users.update(m, id, {
        passwordHash,
        role: dto.role,
        gemeente,
        disabled: dto.disabled,
        email: dto.email,
      });
      const rightsChanged =
        !!dto.password ||
        (after.disabled && !before.disabled) ||
        after.role !== before.role ||
        after.gemeente !== before.gemeente;
      if (rightsChanged) await this.users.endSessions(m, id);
      await this.audit.record(m, {
        actor: actor.username,
        action: dto.password ? 'update_with_password' : 'update',
        entity: 'app_user',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async checkRoleGemeente(role: Role, gemeente: string | null): Promise<string | null> {
    if (role === 'gemeente') {
      if (!gemeente) throw fieldError('user.gemeente_required', 'gemeente');
      if (!(await this.gemeenten.exists(gemeente))) throw fieldError('user.gemeente_unknown', 'gemeente', { gemeente });
      return gemeente;
    }
    if (gemeente) throw fieldError('user.gemeente_not_allowed', 'gemeente');
    return null;
  }
}
