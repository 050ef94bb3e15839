// Builds the admin page (Custom UI) into static/admin/build, the `admin-page` resource in manifest.yml.
import path from 'node:path';

import { pageConfig } from '../vite.page';

export default pageConfig(path.resolve(__dirname));
