/** Jest global setup: starts the services the integration tests need (filled in by their harnesses). */
export default async function globalSetup(): Promise<void> {}
