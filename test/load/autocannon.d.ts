// autocannon ships no types; the load test uses a handful of its fields.
declare module 'autocannon';
