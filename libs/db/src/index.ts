export * from './data-source';
export * from './embedded-postgres';
export * from './database-url';
export * from './db-context';
export * from './app-role';
