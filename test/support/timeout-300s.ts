// End-to-end trials start processes and inject faults. A limit, not a speed assertion.
jest.setTimeout(300_000);
