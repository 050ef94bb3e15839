// The project settings page's entry point: renders its App into the page.
import { bootstrap } from '../../shared/bootstrap';
import { App } from './App';

void bootstrap(App);
