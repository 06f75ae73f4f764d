// proxy-from-env ships no types; this is the one function the agent policy uses.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` by http_proxy/https_proxy/all_proxy/no_proxy, or '' for a direct connection. */
  export function getProxyForUrl(url: string): string;
}
