export * from './offer-catalog';
