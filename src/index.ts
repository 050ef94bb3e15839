// Entry points only: the handlers that manifest.yml names. Filled in by the engine (issue 3).
export const adminResolver = async () => { throw new Error('not built yet'); };
export const projectResolver = async () => { throw new Error('not built yet'); };
export const scheduledEnforce = async () => { throw new Error('not built yet'); };
export const projectCreated = async () => { throw new Error('not built yet'); };
export const enforceBatch = async () => { throw new Error('not built yet'); };
