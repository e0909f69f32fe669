/* true: does nothing, successfully; what bench execs (fork + exec + wait). */
int
main(void)
{
	return 0;
}
