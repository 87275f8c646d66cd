/* main.c: enrolldoc's entry point. */
#include "cli.h"
#include "platform/platform.h"
#include "ui.h"

int main(int argc, char **argv)
{
    static const struct front_ends fe = {ui_wizard, ui_plain};
    platform_startup(&argc, &argv);
    return cli_main(argc, argv, &fe);
}
