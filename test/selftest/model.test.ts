import { describeBattery } from './battery';

describeBattery('model');
