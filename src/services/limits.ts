/** A job may run for at most a day; the queue's own expiry is set just past it. */
export const maxTimeoutSeconds = 86_400;
