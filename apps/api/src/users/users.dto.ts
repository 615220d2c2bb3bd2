import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '@living-lab/domain';

const PASSWORD_MESSAGE = 'Een wachtwoord heeft minstens 12 tekens.';

export class CreateUserDto {
  @ApiProperty({ example: 'medewerker-lindewaard' })
  @IsString({ message: 'Vul een gebruikersnaam in.' })
  @Matches(/^[a-z0-9._-]{3,50}$/, { message: 'Gebruik 3 tot 50 kleine letters, cijfers, punt, streepje of _.' })
  username: string;

  @ApiProperty({ minLength: 12 })
  @IsString({ message: PASSWORD_MESSAGE })
  @MinLength(12, { message: PASSWORD_MESSAGE })
  @MaxLength(200, { message: 'Hoogstens 200 tekens.' })
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `Kies een rol: ${ROLES.join(', ')}.` })
  role: Role;

  @ApiPropertyOptional({ description: 'Verplicht bij rol gemeente' })
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional({ description: 'E-mailadres voor berichten over kwartaalrapporten' })
  @IsOptional()
  @IsEmail({}, { message: 'Dit is geen geldig e-mailadres.' })
  @MaxLength(254, { message: 'Hoogstens 254 tekens.' })
  email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: PASSWORD_MESSAGE })
  @MinLength(12, { message: PASSWORD_MESSAGE })
  @MaxLength(200, { message: 'Hoogstens 200 tekens.' })
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `Kies een rol: ${ROLES.join(', ')}.` })
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional({ description: 'Een uitgeschakeld account kan niet meer inloggen' })
  @IsOptional()
  @IsBoolean({ message: 'Moet true of false zijn.' })
  disabled?: boolean;

  @ApiPropertyOptional({
    description: 'E-mailadres voor berichten over kwartaalrapporten; null haalt het weg',
    nullable: true,
  })
  @ValidateIf((o: UpdateUserDto) => o.email !== null && o.email !== undefined)
  @IsEmail({}, { message: 'Dit is geen geldig e-mailadres.' })
  @MaxLength(254, { message: 'Hoogstens 254 tekens.' })
  email?: string | null;
}
