// Builds the project settings page (Custom UI) into static/project/build, the `project-page` resource in manifest.yml.
import path from 'node:path';

import { pageConfig } from '../vite.page';

export default pageConfig(path.resolve(__dirname));
