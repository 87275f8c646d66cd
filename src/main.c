/* main.c: enrolldoc's entry point. */
#include "cli.h"
#include "ui.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv, ui_wizard);
}
