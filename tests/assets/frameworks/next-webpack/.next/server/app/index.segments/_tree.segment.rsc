1:[["children",{"s":"__PAGE__","h":160}]]
0:{"b":"xZNQE1tVPrPvEcXw_LYaZ","t":{"t":{"s":"","h":80,"c":"$Q1"}}}
