export * from './database-url';
export * from './environment';
export * from './security.settings';
export * from './settings';
