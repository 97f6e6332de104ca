/** Hides LiveKit tokens that error messages repeat verbatim. */
export const redactTokens = (text: string) => text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, "<token>");

/** A connection error that means the token is no good (expired, revoked, wrong): retrying it is pointless. */
export const tokenRejected = (message: string) => /\b401\b|unauthori[sz]ed|invalid token|token is expired|invalid authorization/i.test(message);
