export * from './entities/gemeente.entity';
export * from './entities/user.entity';
export * from './entities/experiment.entity';
export * from './entities/participant.entity';
export * from './data-source';
export * from './embedded-postgres';
export * from './database-url';
