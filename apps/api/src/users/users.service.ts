import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { passwordProblem } from '../auth/password-policy';
import type { AuthUser } from '../common/auth-user';
import { badField, type BadInputException } from '../common/problems';
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
    if (weak) throw badField('password', weak);
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (m) => {
      const existing = await m.query('SELECT 1 FROM app_user WHERE username = $1', [dto.username]);
      if (existing.length) throw badField('username', 'Deze gebruikersnaam bestaat al.');
      const user = await this.users.insert(m, { username: dto.username, passwordHash, role: dto.role, gemeente });
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

  async update(actor: AuthUser, id: string, dto: UpdateUserDto) {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw new NotFoundException({ statusCode: 404, message: 'Deze gebruiker bestaat niet.' });
    return this.ds.transaction(async (m) => {
      const before = await this.users.findById(m, id);
      if (!before) throw new NotFoundException({ statusCode: 404, message: 'Deze gebruiker bestaat niet.' });
      const weak = dto.password ? passwordProblem(dto.password, before.username) : null;
      if (weak) throw badField('password', weak);
      const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
      const role = dto.role ?? (before.role as Role);
      const gemeente =
        dto.role || dto.gemeente !== undefined
          ? await this.checkRoleGemeente(role, dto.gemeente ?? (role === 'gemeente' ? before.gemeente : null))
          : undefined;
      const after = await this.users.update(m, id, { passwordHash, role: dto.role, gemeente, disabled: dto.disabled });
      if (dto.password || dto.disabled === true) await m.query('DELETE FROM refresh_token WHERE user_id = $1', [id]);
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
    let problem: BadInputException | undefined;
    if (role === 'gemeente') {
      if (!gemeente)
        problem = badField('gemeente', 'Een gebruiker met rol gemeente hoort bij een gemeente: geef de code.');
      else if (!(await this.gemeenten.exists(gemeente)))
        problem = badField('gemeente', `Gemeente "${gemeente}" bestaat niet.`);
    } else if (gemeente) {
      problem = badField('gemeente', 'Alleen gebruikers met rol gemeente horen bij een gemeente.');
    }
    if (problem) throw problem;
    return role === 'gemeente' ? gemeente : null;
  }
}
