// The Synchronizing condition of a ReplicationSource or ReplicationDestination, as tests read it.
export const conditionOf = (o: { status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] } }) =>
  o.status?.conditions?.find((c) => c.type === 'Synchronizing');
