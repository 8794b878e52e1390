1:[["children",{"s":"__PAGE__","h":160}]]
0:{"b":"mvSHODihAZWJ_C-iA2f9x","t":{"t":{"s":"","h":80,"c":"$Q1"}}}
