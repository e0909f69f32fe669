/*
 * bcm2836: the Raspberry Pi 3's interrupt controllers: the BCM2836
 * per-core block (QA7), which carries each core's generic-timer
 * interrupts, and the BCM2835 controller of the peripherals, whose
 * pending interrupts reach the cores through the per-core block's GPU
 * source.
 */
#ifndef CAIRN_A64_BCM2836_H
#define CAIRN_A64_BCM2836_H

/*
 * Disable every peripheral interrupt and every per-core source but the
 * EL1 physical timer's of core 0.  Returns the number of peripheral
 * interrupts (64 + the 8 basic ones).
 */
unsigned bcm_init(void);

/* Hand each pending source of core 0 to its driver. */
void bcm_dispatch(void);

#endif
