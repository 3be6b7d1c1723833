export * from './database-url';
export * from './environment';
export * from './settings';
