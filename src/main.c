/* main.c: enrolldoc's entry point. */
#include "cli.h"
#include "platform/platform.h"
#include "ui.h"

int main(int argc, char **argv)
{
    platform_startup(&argc, &argv);
    return cli_main(argc, argv, ui_wizard);
}
