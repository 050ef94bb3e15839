import { bootstrap } from '../../shared/bootstrap';
import { App } from './App';

bootstrap(App);
