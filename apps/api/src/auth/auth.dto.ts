import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString({ message: 'Vul uw gebruikersnaam in.' })
  @IsNotEmpty({ message: 'Vul uw gebruikersnaam in.' })
  @MaxLength(100, { message: 'Te lang.' })
  username: string;

  @ApiProperty()
  @IsString({ message: 'Vul uw wachtwoord in.' })
  @IsNotEmpty({ message: 'Vul uw wachtwoord in.' })
  @MaxLength(200, { message: 'Te lang.' })
  password: string;

  /** The second factor when the account has it: the app's 6-digit code, or a recovery code. */
  @ApiPropertyOptional({ example: '123456' })
  @IsOptional()
  @IsString({ message: 'Vul de code in.' })
  @MaxLength(40, { message: 'Te lang.' })
  totp?: string;
}

export class MfaConfirmDto {
  @ApiProperty({ example: '123456' })
  @IsString({ message: 'Vul de code van 6 cijfers uit uw app in.' })
  @IsNotEmpty({ message: 'Vul de code van 6 cijfers uit uw app in.' })
  @MaxLength(20, { message: 'Te lang.' })
  code: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString({ message: 'Geef de refresh-token.' })
  @IsNotEmpty({ message: 'Geef de refresh-token.' })
  @MaxLength(200, { message: 'Te lang.' })
  refreshToken: string;
}

export class OidcExchangeDto {
  @ApiProperty()
  @IsString({ message: 'Geef de code.' })
  @IsNotEmpty({ message: 'Geef de code.' })
  @MaxLength(200, { message: 'Te lang.' })
  code: string;
}
