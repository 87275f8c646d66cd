/* plain_train.c: training in the line mode (not yet: it needs a terminal
 * for the curses wizard, as before). */
#include "plain.h"

int plain_train(struct plain *p, struct wizard_start *w)
{
    (void)w;
    struct err e;
    err_set(&e, "error.wizard.no-terminal");
    plain_error(p->l, &e);
    return EXIT_INPUT;
}
