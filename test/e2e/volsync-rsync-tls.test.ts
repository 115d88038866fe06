// The documentation's rsync-TLS procedure between two hubs (see rsync-procedure.ts).
import { documentationProcedure, RSYNC_TLS } from './rsync-procedure.js';

documentationProcedure(RSYNC_TLS);
