/**
 * Sets `record[key]` as an own, enumerable property. Plain assignment would treat a key named
 * `__proto__` (a model or trace name is user data) as the prototype and drop the value.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return;
  }
  record[key] = value;
}
