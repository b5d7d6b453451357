import { storeContract } from './store-contract.ts';
import { STORE_BACKENDS } from './testing.ts';

storeContract(STORE_BACKENDS[1] as (typeof STORE_BACKENDS)[number]);
