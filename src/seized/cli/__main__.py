from seized.cli import main

main()
