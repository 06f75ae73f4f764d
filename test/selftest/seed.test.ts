import { describeBattery } from './battery';

describeBattery('seed');
