"""Detection: sources produce chunks, the engine turns chunks into findings."""
