from praise.cli import main

main()
