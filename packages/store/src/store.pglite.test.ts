import { storeContract } from './store-contract.ts';
import { STORE_BACKENDS } from './testing.ts';

storeContract(STORE_BACKENDS[0] as (typeof STORE_BACKENDS)[number]);
