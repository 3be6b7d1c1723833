// Preloaded into an app under test (NODE_OPTIONS=--require …): on SIGUSR2 it prints whether
// promise hooks are on. With any AsyncLocalStorage enabled, a promise reaction runs with its
// promise as the execution resource; with no hooks, it does not.
'use strict';
const { executionAsyncResource } = require('node:async_hooks');

process.on('SIGUSR2', () => {
  void Promise.resolve().then(() => {
    const on = executionAsyncResource() instanceof Promise;
    process.stdout.write(`${JSON.stringify({ msg: 'promise hooks probe', on })}\n`);
  });
});
