import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

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
}

export class RefreshDto {
  @ApiProperty()
  @IsString({ message: 'Geef de refresh-token.' })
  @IsNotEmpty({ message: 'Geef de refresh-token.' })
  @MaxLength(200, { message: 'Te lang.' })
  refreshToken: string;
}
