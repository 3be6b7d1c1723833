// Real services: consumer groups take seconds to form. A limit, not a speed assertion.
jest.setTimeout(60_000);
