export type { Cache, WindowCount } from './cache.js';
export { type CacheConfig, createCache } from './create-cache.js';
export { MemoryCache, type MemoryCacheConfig } from './memory-cache.js';
export { RedisCache, type RedisCacheConfig } from './redis-cache.js';
