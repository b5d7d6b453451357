import { STORE_BACKENDS, type StoreBackend } from '@cxcr4pet/store/testing';
import { crashSuite } from './crash-suite.ts';

crashSuite(STORE_BACKENDS[1] as StoreBackend);
