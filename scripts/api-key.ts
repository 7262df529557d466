import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../src/auth/authenticate.js';

// A new API key for a caller, and the line of the policy file that recognises it (only the hash is stored).
const key = `s3gw_${randomBytes(24).toString('base64url')}`;
console.log(`API key (give it to the caller; it is not stored anywhere): ${key}`);
console.log(`policy file:    apiKeys: ["sha256:${hashApiKey(key)}"]`);
