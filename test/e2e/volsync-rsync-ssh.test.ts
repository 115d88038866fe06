// The documentation's rsync-over-ssh procedure between two hubs (see rsync-procedure.ts).
import { documentationProcedure, RSYNC_SSH } from './rsync-procedure.js';

documentationProcedure(RSYNC_SSH);
