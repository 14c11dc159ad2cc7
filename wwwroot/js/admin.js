// Staff pages: the browser's time zone, so the server can turn the local times staff type into UTC.
export function timeZone() {
  return {
    id: Intl.DateTimeFormat().resolvedOptions().timeZone || null,
    offsetMinutes: -new Date().getTimezoneOffset(),
  };
}
