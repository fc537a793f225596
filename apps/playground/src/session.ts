/** The API key lives in this tab's session storage only: never in the bundle, the URL or local storage. */
const KEY = 'forkline.apiKey';

export const loadKey = (): string | null => sessionStorage.getItem(KEY);
export const saveKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);
