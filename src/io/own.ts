/**
 * Names someone else wrote (a model's member names, a request's keys) used as keys: `obj[name] = value` with the
 * name `__proto__` would set the object's prototype instead of adding a key. This always adds an own key.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
